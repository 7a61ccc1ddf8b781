"""Scenes: the profile picker, activity menu, activity host, reward, calm and adult screens."""
