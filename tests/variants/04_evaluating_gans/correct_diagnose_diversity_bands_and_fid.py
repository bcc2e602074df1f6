"""Correct: other measurements and thresholds: three bands of diversity, checked against a loose FID bound; and the results table's own `measure`."""
# loses: nothing

# %% diagnose
def diagnose(generator):
    images = sample(generator, DIAGNOSE_SAMPLES)
    spread = diversity(images)            # collapsed about 4.8, noisy 8.8, healthy 11.7
    fid = frechet_distance(*feature_statistics(images), *feature_statistics(test_images))
    if spread < 6.8 or fid > 150:         # the collapsed one: FID above 180
        return "collapsed"
    if spread < 10.2:
        return "noisy"
    return "healthy"
