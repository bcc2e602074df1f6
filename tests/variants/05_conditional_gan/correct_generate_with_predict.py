"""Correct: the images drawn with generator.predict (inference mode, NumPy out), the class id looked up in a dict, the labels a (n, 1) tensor."""
# loses: nothing

# %% generate
def generate(model, class_name, n):
    class_ids = {name: index for index, name in enumerate(CLASS_NAMES)}
    if class_name not in class_ids:
        raise ValueError(f"class_name must be one of {list(class_ids)}, got {class_name!r}")
    noise = keras.random.normal((n, model.noise_dim))
    return model.generator.predict([noise, tf.constant([[class_ids[class_name]]] * n)], verbose=0)
