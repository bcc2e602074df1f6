"""Wrong: the book's step as published; under Keras 3 D never trains (it was frozen before its first train_on_batch)."""
# loses: test_train_step_trains_discriminator

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size = real_images.shape[0]
    real = np.ones((batch_size, 1))
    fake = np.zeros((batch_size, 1))
    noise = np.random.normal(0, 1, (batch_size, 100))
    generated_images = generator.predict(noise)
    d_loss_real = discriminator.train_on_batch(real_images, real)
    d_loss_fake = discriminator.train_on_batch(generated_images, fake)
    d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)
    noise = np.random.normal(0, 1, (batch_size, 100))
    g_loss = gan.train_on_batch(noise, real)
    return float(d_loss[0]), float(d_loss[1]), float(g_loss)
