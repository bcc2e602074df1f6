"""Correct: G's tanh as an Activation layer and its LeakyReLUs as Activation("leaky_relu") layers; D's LeakyReLUs as the Conv2Ds' activation= argument (keras.activations.leaky_relu's slope is 0.2)."""
# loses: nothing

# %% make_conditional_generator
def make_conditional_generator(noise_dim, num_classes):
    noise = keras.Input(shape=(noise_dim,))
    label = keras.Input(shape=(1,), dtype="int32")
    x = layers.Concatenate()([noise, layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)])
    x = layers.Activation("leaky_relu")(layers.BatchNormalization()(layers.Dense(6272, use_bias=False)(x)))
    x = layers.Reshape((7, 7, 128))(x)
    x = layers.Conv2DTranspose(64, (4, 4), strides=(2, 2), padding="same", use_bias=False)(x)
    x = layers.Activation(keras.activations.leaky_relu)(layers.BatchNormalization()(x))
    x = layers.Conv2DTranspose(1, (4, 4), strides=(2, 2), padding="same")(x)
    return keras.Model([noise, label], layers.Activation("tanh")(x))

# %% make_conditional_discriminator
def make_conditional_discriminator(num_classes):
    image = keras.Input(shape=(28, 28, 1))
    label = keras.Input(shape=(1,), dtype="int32")
    one_hot = layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)
    label_channels = layers.UpSampling2D(size=(28, 28))(layers.Reshape((1, 1, num_classes))(one_hot))
    x = layers.Concatenate(axis=-1)([image, label_channels])
    x = layers.Dropout(0.3)(layers.Conv2D(64, 4, strides=2, padding="same", activation="leaky_relu")(x))
    x = layers.Dropout(0.3)(layers.Conv2D(128, 4, strides=2, padding="same", activation=keras.activations.leaky_relu)(x))
    return keras.Model([image, label], layers.Dense(1, activation=None)(layers.Flatten()(x)))
