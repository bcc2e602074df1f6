"""generate asks for the class after the one named, and its test cell deleted: nbgrader adds it back (add_missing_cells), and it fails."""
# loses: test_generate
# delete: test_generate

# %% generate
def generate(model, class_name, n):
    labels = tf.fill([n], CLASS_NAMES.index(class_name) + 1)
    noise = keras.random.normal((n, model.noise_dim))
    return np.asarray(model.generator([noise, labels], training=False))
