"""A partly wrong submission: sigmoid at the generator's output, and the book's untoggled train_step."""
# loses: test_build_generator, test_train_step_trains_discriminator

# %% build_generator
def build_generator(noise_dim=100):
    model = Sequential()
    model.add(Input(shape=(noise_dim,)))
    for units in (256, 512, 1024):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
        model.add(BatchNormalization(momentum=0.8))
    model.add(Dense(28 * 28 * 1, activation="sigmoid"))
    model.add(Reshape((28, 28, 1)))
    return model

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size = len(real_images)
    noise = np.random.normal(0, 1, (batch_size, 100))
    generated_images = generator.predict(noise, verbose=0)
    d_loss_real = discriminator.train_on_batch(real_images, np.ones((batch_size, 1)))
    d_loss_fake = discriminator.train_on_batch(generated_images, np.zeros((batch_size, 1)))
    d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)
    noise = np.random.normal(0, 1, (batch_size, 100))
    g_loss = gan.train_on_batch(noise, np.ones((batch_size, 1)))
    return float(d_loss[0]), float(d_loss[1]), float(g_loss)
