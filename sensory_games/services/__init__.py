"""Application services: the use cases the command line and the console share, each with
its validation and its audit entry written once (they load no pygame and no activity)."""
