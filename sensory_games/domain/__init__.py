"""The pure domain: the clinic's records and rules (outcomes, pointer events, scoring, timing,
mastery, sensory intensity, schemas, typed configuration). No pygame, no storage, no
activity: everything above may use it, it uses nothing above."""
