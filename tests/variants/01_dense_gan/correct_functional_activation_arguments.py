"""Correct: functional API, activations passed as arguments, one D call on the concatenated batch."""
# loses: nothing

# %% preprocess_images
def preprocess_images(images):
    return (images[..., np.newaxis].astype(np.float32) / 127.5) - 1.0

# %% build_generator
def build_generator(noise_dim=100):
    noise = tf.keras.Input(shape=(noise_dim,))
    x = noise
    for units in (256, 512, 1024):
        x = Dense(units, activation="leaky_relu")(x)
        x = BatchNormalization(momentum=0.8)(x)
    x = Dense(784, activation="tanh")(x)
    image = Reshape((28, 28, 1))(x)
    return tf.keras.Model(noise, image)

# %% build_discriminator
def build_discriminator():
    image = tf.keras.Input(shape=(28, 28, 1))
    x = Flatten()(image)
    x = Dense(512, activation=tf.nn.leaky_relu)(x)
    x = Dense(256, activation=lambda t: tf.nn.leaky_relu(t, alpha=0.2))(x)
    verdict = Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(image, verdict)
    model.compile(optimizer=tf.keras.optimizers.Adam(2e-4, beta_1=0.5),
                  loss=tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
    return model

# %% build_gan
def build_gan(generator, discriminator):
    discriminator.trainable = False
    noise = tf.keras.Input(shape=generator.input_shape[1:])
    model = tf.keras.Model(noise, discriminator(generator(noise)))
    model.compile(optimizer=tf.keras.optimizers.Adam(2e-4, beta_1=0.5), loss="binary_crossentropy")
    return model

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    n = len(real_images)
    fakes = generator.predict(np.random.normal(size=(n, 100)), verbose=0)
    images = np.concatenate([real_images, fakes])
    labels = np.concatenate([np.ones((n, 1)), np.zeros((n, 1))])
    discriminator.trainable = True
    d_loss, d_acc = discriminator.train_on_batch(images, labels)
    discriminator.trainable = False
    g_loss = gan.train_on_batch(np.random.normal(size=(n, 100)), np.ones((n, 1)))
    return float(d_loss), float(d_acc), float(g_loss)
