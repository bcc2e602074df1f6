"""Wrong: recognises the lesson's generators by their names, not by their samples: any other collapsed generator is 'healthy'."""
# loses: test_diagnose

# %% diagnose
def diagnose(generator):
    return generator.name if generator.name in ("collapsed", "noisy") else "healthy"
