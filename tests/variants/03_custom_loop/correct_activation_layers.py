"""Correct: layer lists without an Input layer, tanh as an Activation layer, strides and kernels as ints, jit_compile=True."""
# loses: nothing

# %% make_generator_model
def make_generator_model():
    return tf.keras.Sequential([
        layers.Dense(7 * 7 * 256, use_bias=False), layers.BatchNormalization(), layers.LeakyReLU(0.2),
        layers.Reshape((7, 7, 256)),
        layers.Conv2DTranspose(128, 5, padding="same", use_bias=False), layers.BatchNormalization(), layers.LeakyReLU(0.2),
        layers.Conv2DTranspose(64, 5, strides=2, padding="same", use_bias=False), layers.BatchNormalization(), layers.LeakyReLU(0.2),
        layers.Conv2DTranspose(1, 5, strides=2, padding="same", use_bias=False), layers.Activation("tanh"),
    ])

# %% make_discriminator_model
def make_discriminator_model():
    return tf.keras.Sequential([
        layers.Conv2D(64, 5, strides=2, padding="same"), layers.Activation(tf.nn.leaky_relu), layers.Dropout(0.3),
        layers.Conv2D(128, 5, strides=2, padding="same"), layers.Activation(tf.nn.leaky_relu), layers.Dropout(0.3),
        layers.Flatten(), layers.Dense(1),
    ])

# %% make_train_step
def make_train_step(generator, discriminator, generator_optimizer, discriminator_optimizer):
    @tf.function(jit_compile=True)
    def train_step(images):
        noise = tf.random.normal([tf.shape(images)[0], NOISE_DIM])
        with tf.GradientTape() as gen_tape:
            with tf.GradientTape() as disc_tape:
                fake_output = discriminator(generator(noise, training=True), training=True)
                real_output = discriminator(images, training=True)
                disc_loss = discriminator_loss(real_output, fake_output)
            gen_loss = generator_loss(fake_output)
        discriminator_optimizer.apply_gradients(
            zip(disc_tape.gradient(disc_loss, discriminator.trainable_variables), discriminator.trainable_variables))
        generator_optimizer.apply_gradients(
            zip(gen_tape.gradient(gen_loss, generator.trainable_variables), generator.trainable_variables))
        return gen_loss, disc_loss
    return train_step
