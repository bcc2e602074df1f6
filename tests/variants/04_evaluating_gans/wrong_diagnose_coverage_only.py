"""Wrong: coverage only: a generator is collapsed or healthy, never noisy."""
# loses: test_diagnose

# %% diagnose
def diagnose(generator):
    _, entropy, _ = class_coverage(sample(generator, DIAGNOSE_SAMPLES))
    return "collapsed" if entropy < 0.45 else "healthy"
