"""Wrong: the label is CLASS_NAMES.index(class_name) + 1, as if labels counted from 1, so asking for a Trouser draws a Pullover."""
# loses: test_generate

# %% generate
def generate(model, class_name, n):
    if class_name not in CLASS_NAMES:
        raise ValueError(f"unknown class {class_name!r}: choose one of {', '.join(CLASS_NAMES)}")
    labels = tf.fill([n], CLASS_NAMES.index(class_name) + 1)
    noise = keras.random.normal((n, model.noise_dim))
    return np.asarray(model.generator([noise, labels], training=False))
