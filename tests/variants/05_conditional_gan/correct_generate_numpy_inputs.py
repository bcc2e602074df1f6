"""Correct: NumPy noise and NumPy labels (both NumPy, as Keras 3 refuses a list that mixes a tensor and an array), the output converted with keras.ops.convert_to_numpy."""
# loses: nothing

# %% generate
def generate(model, class_name, n):
    if class_name not in CLASS_NAMES:
        raise ValueError(f"{class_name} is not a Fashion-MNIST class; the classes are {CLASS_NAMES}")
    noise = np.random.normal(size=(n, model.noise_dim)).astype("float32")
    labels = np.full((n, 1), CLASS_NAMES.index(class_name), dtype="int32")
    return keras.ops.convert_to_numpy(model.generator([noise, labels], training=False))
