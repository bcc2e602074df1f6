"""Correct: the label's embedding, Embedding(num_classes, noise_dim), multiplies the noise instead of joining it (a known conditional-GAN design); the generator still ends with tanh, though loud noise no longer drives it to both ends of [-1, 1]."""
# loses: nothing

# %% make_conditional_generator
def make_conditional_generator(noise_dim, num_classes):
    noise = keras.Input(shape=(noise_dim,))
    label = keras.Input(shape=(1,), dtype="int32")
    embedded = layers.Flatten()(layers.Embedding(num_classes, noise_dim)(label))
    x = layers.Multiply()([noise, embedded])
    x = layers.Dense(7 * 7 * 128, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, 4, strides=2, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    image = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(x)
    return keras.Model([noise, label], image)
