"""Correct: the label as a learned embedding in both models, Embedding(num_classes, 50) + Flatten in G, Embedding(num_classes, 28 * 28) reshaped to a 28x28x1 channel in D."""
# loses: nothing

# %% make_conditional_generator
def make_conditional_generator(noise_dim, num_classes):
    noise = keras.Input(shape=(noise_dim,))
    label = keras.Input(shape=(1,), dtype="int32")
    embedded = layers.Flatten()(layers.Embedding(num_classes, 50)(label))
    x = layers.Concatenate()([noise, embedded])
    x = layers.Dense(7 * 7 * 128, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, 4, strides=2, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    image = layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")(x)
    return keras.Model([noise, label], image)

# %% make_conditional_discriminator
def make_conditional_discriminator(num_classes):
    image = keras.Input(shape=(28, 28, 1))
    label = keras.Input(shape=(1,), dtype="int32")
    label_channel = layers.Reshape((28, 28, 1))(layers.Embedding(num_classes, 28 * 28)(label))
    x = layers.Concatenate()([image, label_channel])
    x = layers.Conv2D(64, 4, strides=2, padding="same")(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Conv2D(128, 4, strides=2, padding="same")(x)
    x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dropout(0.3)(x)
    return keras.Model([image, label], layers.Dense(1)(layers.Flatten()(x)))
