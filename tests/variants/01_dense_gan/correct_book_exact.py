"""Correct: the book's own code, Sequential().add(...) with input_dim= and alpha= and their warnings."""
# loses: nothing

# %% preprocess_images
def preprocess_images(images):
    X_train = images
    X_train = (X_train - 127.5) / 127.5
    X_train = X_train.reshape(X_train.shape[0], 28, 28, 1).astype('float32')
    return X_train

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    # Dense layer to increase dimensionality from noise
    model.add(Dense(256, input_dim=noise_dim))
    model.add(LeakyReLU(alpha=0.2))
    model.add(BatchNormalization(momentum=0.8))
    # Another Dense layer
    model.add(Dense(512))
    model.add(LeakyReLU(alpha=0.2))
    model.add(BatchNormalization(momentum=0.8))
    # One more Dense layer
    model.add(Dense(1024))
    model.add(LeakyReLU(alpha=0.2))
    model.add(BatchNormalization(momentum=0.8))
    # Final output layer, reshaping to 28x28x1
    model.add(Dense(28 * 28 * 1, activation='tanh'))
    model.add(Reshape((28, 28, 1)))
    return model

# %% build_discriminator
def build_discriminator():
    model = Sequential()
    # Flatten the input image
    model.add(Flatten(input_shape=(28, 28, 1)))
    # Dense layer to process the flattened image
    model.add(Dense(512))
    model.add(LeakyReLU(alpha=0.2))
    # Another Dense layer
    model.add(Dense(256))
    model.add(LeakyReLU(alpha=0.2))
    # Final output layer to classify real or fake
    model.add(Dense(1, activation='sigmoid'))
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    return model

# %% build_gan
def build_gan(generator, discriminator):
    # Freeze the Discriminator's weights during GAN training
    discriminator.trainable = False
    model = Sequential()
    model.add(generator)
    model.add(discriminator)
    model.compile(optimizer='adam', loss='binary_crossentropy')
    return model

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size = real_images.shape[0]
    real = np.ones((batch_size, 1))
    fake = np.zeros((batch_size, 1))
    noise = np.random.normal(0, 1, (batch_size, 100))
    generated_images = generator.predict(noise)
    discriminator.trainable = True
    d_loss_real = discriminator.train_on_batch(real_images, real)
    d_loss_fake = discriminator.train_on_batch(generated_images, fake)
    d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)
    discriminator.trainable = False
    noise = np.random.normal(0, 1, (batch_size, 100))
    g_loss = gan.train_on_batch(noise, real)
    return float(d_loss[0]), float(d_loss[1]), float(g_loss)
