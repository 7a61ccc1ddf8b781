"""The engine: the window, the frame loop, the scene stack and its scenes (the child's screens
and the adults' console). It uses the services, the ui toolkit and the activity registry."""
