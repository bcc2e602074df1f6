"""Wrong: takes noise for extra diversity ("noisy" above a diversity threshold), the opposite of what the measurements show."""
# loses: test_diagnose

# %% diagnose
def diagnose(generator):
    images = sample(generator, DIAGNOSE_SAMPLES)
    _, entropy, _ = class_coverage(images)
    if entropy < 0.45:
        return "collapsed"
    return "noisy" if diversity(images) > 10.2 else "healthy"
