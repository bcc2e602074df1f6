"""Wrong: the discriminator builds the label's channels but judges the image alone, so it cannot punish a generator that draws the wrong class."""
# loses: test_make_conditional_discriminator

# %% make_conditional_discriminator
def make_conditional_discriminator(num_classes):
    image = keras.Input(shape=(28, 28, 1), name="image")
    label = keras.Input(shape=(1,), dtype="int32", name="label")
    one_hot = layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)
    label_channels = layers.UpSampling2D(size=28)(layers.Reshape((1, 1, num_classes))(one_hot))
    x = layers.Conv2D(64, 4, strides=2, padding="same")(image)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Conv2D(128, 4, strides=2, padding="same")(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    logit = layers.Dense(1)(layers.Flatten()(x))
    return keras.Model([image, label], logit, name="conditional_discriminator")
