"""The course's grading entry point: release lessons, grade submissions, read the gradebook.

Everything goes through the real nbgrader command line, run in this folder so that it
reads ``nbgrader_config.py``. ``python -m autograder --help`` lists the commands.
"""
