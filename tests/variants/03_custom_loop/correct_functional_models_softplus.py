"""Correct: functional models with activations as arguments, and the losses as softplus, which is what BCE from logits is."""
# loses: nothing

# %% make_generator_model
def make_generator_model():
    noise = tf.keras.Input((NOISE_DIM,))
    x = layers.LeakyReLU()(layers.BatchNormalization()(layers.Dense(12544, use_bias=False)(noise)))
    x = layers.Reshape((7, 7, 256))(x)
    x = layers.LeakyReLU()(layers.BatchNormalization()(layers.Conv2DTranspose(128, 5, padding="same", use_bias=False)(x)))
    x = layers.LeakyReLU()(layers.BatchNormalization()(layers.Conv2DTranspose(64, 5, strides=2, padding="same", use_bias=False)(x)))
    image = layers.Conv2DTranspose(1, 5, strides=2, padding="same", use_bias=False, activation="tanh")(x)
    return tf.keras.Model(noise, image)

# %% make_discriminator_model
def make_discriminator_model():
    image = tf.keras.Input((28, 28, 1))
    x = layers.Dropout(0.3)(layers.Conv2D(64, 5, strides=2, padding="same", activation="leaky_relu")(image))
    x = layers.Dropout(0.3)(layers.Conv2D(128, 5, strides=2, padding="same", activation="leaky_relu")(x))
    return tf.keras.Model(image, layers.Dense(1)(layers.Flatten()(x)))

# %% discriminator_loss
def discriminator_loss(real_output, fake_output):
    return tf.reduce_mean(tf.nn.softplus(-real_output)) + tf.reduce_mean(tf.nn.softplus(fake_output))

# %% generator_loss
def generator_loss(fake_output):
    return tf.reduce_mean(tf.nn.softplus(-fake_output))
