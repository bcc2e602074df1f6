"""Correct: tanh and sigmoid as Activation layers, a layer list, LeakyReLU's slope given by position."""
# loses: nothing

# %% preprocess_images
def preprocess_images(images):
    scaled = images.astype("float32") / 255.0 * 2.0 - 1.0
    return np.expand_dims(scaled, axis=-1)

# %% build_generator
def build_generator(noise_dim=100):
    layers = tf.keras.layers
    return tf.keras.Sequential([
        layers.Input((noise_dim,)),
        layers.Dense(256), layers.LeakyReLU(0.2), layers.BatchNormalization(momentum=0.8),
        layers.Dense(512), layers.LeakyReLU(0.2), layers.BatchNormalization(momentum=0.8),
        layers.Dense(1024), layers.LeakyReLU(0.2), layers.BatchNormalization(momentum=0.8),
        layers.Dense(784), layers.Activation("tanh"),
        layers.Reshape((28, 28, 1)),
    ])

# %% build_discriminator
def build_discriminator():
    layers = tf.keras.layers
    model = tf.keras.Sequential([
        layers.Input((28, 28, 1)), layers.Flatten(),
        layers.Dense(512), layers.LeakyReLU(0.2),
        layers.Dense(256), layers.LeakyReLU(0.2),
        layers.Dense(1), layers.Activation("sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model

# %% build_gan
def build_gan(generator, discriminator):
    discriminator.trainable = False
    gan = tf.keras.Sequential([generator, discriminator])
    gan.compile(optimizer="adam", loss="binary_crossentropy")
    return gan

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size = real_images.shape[0]
    noise_dim = generator.input_shape[-1]
    fake_images = generator(np.random.normal(0, 1, (batch_size, noise_dim)), training=False)
    discriminator.trainable = True
    real_loss, real_acc = discriminator.train_on_batch(real_images, np.ones((batch_size, 1)))
    fake_loss, fake_acc = discriminator.train_on_batch(fake_images, np.zeros((batch_size, 1)))
    discriminator.trainable = False
    g_loss = gan.train_on_batch(np.random.normal(0, 1, (batch_size, noise_dim)), np.ones((batch_size, 1)))
    return (real_loss + fake_loss) / 2, (real_acc + fake_acc) / 2, g_loss
