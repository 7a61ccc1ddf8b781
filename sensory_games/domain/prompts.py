"""The spoken prompts: every instruction and cue a child hears, by id, in English.

A child who cannot read yet is told what to do: each prompt is a short sentence in child
words, spoken from a clip per language (``sensory_games/assets/voice/<language>/<id>.wav``,
made by ``make voices``, or the clinic's own recording in the data folder, which wins).
The English words are marked for the catalogs (area "voice"), so the same sentence is
translated once and both spoken (the clip's transcript) and shown as the adult's caption.

An id is a file name: lower-case letters, digits and underscores. An activity names its
objective's prompts in its own class (``Activity.objective_prompts``, or
``Activity.spoken_goal()`` where a level changes what the child is asked to do, as
tracing's copy mode does); the screens name the rest where they say them.
"""

from __future__ import annotations

import re

from sensory_games.domain.language import N_

WHO_IS_PLAYING = "who_is_playing"
CHOOSE_A_GAME = "choose_a_game"
START_AT_GREEN_DOT = "start_at_green_dot"
BREATHE_IN = "breathe_in"
AND_OUT = "and_out"
HOW_DO_YOU_FEEL = "how_do_you_feel"
CALM_DOWN = "calm_down"
GOAL_TRACE = "goal_trace"
GOAL_COPY = "goal_copy"
GOAL_BUBBLES = "goal_bubbles"
GOAL_CALM = "goal_calm"
GOAL_DRUM = "goal_drum"
GOAL_BOTH_HANDS = "goal_both_hands"
GOAL_HOLD_AND_MOVE = "goal_hold_and_move"
GOAL_MIRROR = "goal_mirror"
PRAISE_WELL_DONE = "praise_well_done"
PRAISE_YOU_DID_IT = "praise_you_did_it"
PRAISE_GREAT_JOB = "praise_great_job"
PRAISE_GOOD_TRYING = "praise_good_trying"

#: Every prompt: id -> its English words (translated with ``words(lang).tr(words)``).
PROMPTS: dict[str, str] = {
    WHO_IS_PLAYING: N_("Who is playing?"),
    CHOOSE_A_GAME: N_("Choose a game!"),
    START_AT_GREEN_DOT: N_("Start at the green dot."),
    BREATHE_IN: N_("Breathe in…"),
    AND_OUT: N_("and out."),
    HOW_DO_YOU_FEEL: N_("How do you feel?"),
    CALM_DOWN: N_("Let's take a quiet break together."),
    GOAL_TRACE: N_("Follow the path with your finger."),
    GOAL_COPY: N_("Draw the same picture in the empty box. Then touch the tick."),
    GOAL_BUBBLES: N_("Pop the bubbles!"),
    GOAL_CALM: N_("Let's be calm and quiet."),
    GOAL_DRUM: N_("Tap the drums with the beat."),
    GOAL_BOTH_HANDS: N_("Put both hands down at the same time, and hold."),
    GOAL_HOLD_AND_MOVE: N_("Hold the jar with one hand. Fill it with the other."),
    GOAL_MIRROR: N_("Draw with both hands at once, like a mirror."),
    PRAISE_WELL_DONE: N_("Well done!"),
    PRAISE_YOU_DID_IT: N_("You did it!"),
    PRAISE_GREAT_JOB: N_("Great job!"),
    PRAISE_GOOD_TRYING: N_("Good trying! You kept going."),
}

#: Praise said on the reward screen after a good attempt, one of them each time.
PRAISE: tuple[str, ...] = (
    PRAISE_WELL_DONE,
    PRAISE_YOU_DID_IT,
    PRAISE_GREAT_JOB,
)

#: What a prompt id may be: it names a clip file.
PROMPT_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def check_prompt(prompt_id: str) -> str:
    """`prompt_id` if it is a known prompt; ValueError naming the known ones otherwise."""
    if prompt_id in PROMPTS:
        return prompt_id
    raise ValueError(f"no voice prompt {prompt_id!r}; known: {', '.join(sorted(PROMPTS))}")


def praise_for(seed: int, went_well: bool) -> str:
    """The praise for a reward: after an attempt that went well one of PRAISE (varied by
    `seed`, the same for one seed); otherwise "good trying" (every child is praised for
    keeping going; a child who struggled is never told "great job")."""
    return PRAISE[seed % len(PRAISE)] if went_well else PRAISE_GOOD_TRYING
