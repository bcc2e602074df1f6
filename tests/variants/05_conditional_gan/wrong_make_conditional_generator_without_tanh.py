"""Wrong: the generator's last Conv2DTranspose has no activation, so its pixels are unbounded instead of lying in [-1, 1] like the real images."""
# loses: test_make_conditional_generator

# %% make_conditional_generator
def make_conditional_generator(noise_dim, num_classes):
    noise = keras.Input(shape=(noise_dim,), name="noise")
    label = keras.Input(shape=(1,), dtype="int32", name="label")
    one_hot = layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)
    x = layers.Concatenate()([noise, one_hot])
    x = layers.Dense(7 * 7 * 128, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, 4, strides=2, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    image = layers.Conv2DTranspose(1, 4, strides=2, padding="same")(x)
    return keras.Model([noise, label], image, name="conditional_generator")
