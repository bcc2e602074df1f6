"""A discriminator without the label, and its test cell replaced by `pass`: nbgrader restores the test, which fails."""
# loses: test_make_conditional_discriminator

# %% test_make_conditional_discriminator
pass

# %% make_conditional_discriminator
def make_conditional_discriminator(num_classes):
    image = keras.Input(shape=(28, 28, 1), name="image")
    label = keras.Input(shape=(1,), dtype="int32", name="label")
    x = layers.Conv2D(64, 4, strides=2, padding="same")(image)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Conv2D(128, 4, strides=2, padding="same")(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    logit = layers.Dense(1)(layers.Flatten()(x))
    return keras.Model([image, label], logit, name="conditional_discriminator")
