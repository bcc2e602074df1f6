"""Wrong: the class ids come from a hand-written table that swaps T-shirt/top (0) and Shirt (6); Trouser and Ankle boot, the classes the visible test and the old hidden test asked for, are right."""
# loses: test_generate

# %% generate
CLASS_IDS = {"T-shirt/top": 6, "Trouser": 1, "Pullover": 2, "Dress": 3, "Coat": 4,
             "Sandal": 5, "Shirt": 0, "Sneaker": 7, "Bag": 8, "Ankle boot": 9}

def generate(model, class_name, n):
    if class_name not in CLASS_IDS:
        raise ValueError(f"unknown class {class_name!r}: choose one of {', '.join(CLASS_NAMES)}")
    labels = tf.fill([n], CLASS_IDS[class_name])
    noise = keras.random.normal((n, model.noise_dim))
    return np.asarray(model.generator([noise, labels], training=False))
