"""Wrong: the generator ends in a sigmoid, so its pixels lie in [0, 1] while the real images lie in [-1, 1]."""
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
    image = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="sigmoid")(x)
    return keras.Model([noise, label], image, name="conditional_generator")
