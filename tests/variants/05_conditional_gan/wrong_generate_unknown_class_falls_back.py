"""Wrong: an unknown class name falls back to class 0 instead of raising ValueError, so a typo silently draws T-shirts."""
# loses: test_generate

# %% generate
def generate(model, class_name, n):
    class_ids = {name: index for index, name in enumerate(CLASS_NAMES)}
    labels = tf.fill([n], class_ids.get(class_name, 0))
    noise = keras.random.normal((n, model.noise_dim))
    return np.asarray(model.generator([noise, labels], training=False))
