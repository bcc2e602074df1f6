"""Correct: in both models a functional head (the two inputs, the label's one-hot, Concatenate) followed by a keras.Sequential trunk called on its output."""
# loses: nothing

# %% make_conditional_generator
def make_conditional_generator(noise_dim, num_classes):
    noise = keras.Input(shape=(noise_dim,))
    label = keras.Input(shape=(1,), dtype="int32")
    x = layers.Concatenate()([noise, layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)])
    trunk = keras.Sequential([
        layers.Dense(7 * 7 * 128, use_bias=False), layers.BatchNormalization(), layers.LeakyReLU(0.2),
        layers.Reshape((7, 7, 128)),
        layers.Conv2DTranspose(64, 4, strides=2, padding="same", use_bias=False), layers.BatchNormalization(), layers.LeakyReLU(0.2),
        layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh"),
    ], name="trunk")
    return keras.Model([noise, label], trunk(x))

# %% make_conditional_discriminator
def make_conditional_discriminator(num_classes):
    image = keras.Input(shape=(28, 28, 1))
    label = keras.Input(shape=(1,), dtype="int32")
    one_hot = layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)
    x = layers.Concatenate()([image, layers.UpSampling2D(28)(layers.Reshape((1, 1, num_classes))(one_hot))])
    trunk = keras.Sequential([
        layers.Conv2D(64, 4, strides=2, padding="same"), layers.LeakyReLU(0.2), layers.Dropout(0.3),
        layers.Conv2D(128, 4, strides=2, padding="same"), layers.LeakyReLU(0.2), layers.Dropout(0.3),
        layers.Flatten(), layers.Dense(1),
    ], name="trunk")
    return keras.Model([image, label], trunk(x))
