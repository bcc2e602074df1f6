"""Wrong: one noise vector repeated n times, so the n images of a class are all the same image."""
# loses: test_generate

# %% generate
def generate(model, class_name, n):
    if class_name not in CLASS_NAMES:
        raise ValueError(f"unknown class {class_name!r}: choose one of {', '.join(CLASS_NAMES)}")
    labels = tf.fill([n], CLASS_NAMES.index(class_name))
    noise = tf.repeat(keras.random.normal((1, model.noise_dim)), n, axis=0)
    return np.asarray(model.generator([noise, labels], training=False))
