"""The student's and the instructor's JupyterLab: their configs, and the Check button (check.py, extension/)."""
