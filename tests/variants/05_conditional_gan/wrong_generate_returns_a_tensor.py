"""Wrong: generate returns the generator's tensor, not the NumPy array the lesson asks for."""
# loses: test_generate

# %% generate
def generate(model, class_name, n):
    if class_name not in CLASS_NAMES:
        raise ValueError(f"unknown class {class_name!r}: choose one of {', '.join(CLASS_NAMES)}")
    labels = tf.fill([n], CLASS_NAMES.index(class_name))
    noise = keras.random.normal((n, model.noise_dim))
    return model.generator([noise, labels], training=False)
