"""Wrong: the generator runs with training=True, so batch normalisation normalises each call's batch instead of using the statistics it learned."""
# loses: test_generate

# %% generate
def generate(model, class_name, n):
    if class_name not in CLASS_NAMES:
        raise ValueError(f"unknown class {class_name!r}: choose one of {', '.join(CLASS_NAMES)}")
    labels = tf.fill([n], CLASS_NAMES.index(class_name))
    noise = keras.random.normal((n, model.noise_dim))
    return np.asarray(model.generator([noise, labels], training=True))
