"""Wrong: uniform noise in [-1, 1] instead of N(0, 1), as Day 22 uses."""
# loses: test_train_step_labels_and_noise

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size = len(real_images)
    noise = np.random.uniform(-1, 1, (batch_size, 100))
    fake_images = generator(noise, training=False)
    discriminator.trainable = True
    d_loss_real, d_acc_real = discriminator.train_on_batch(real_images, np.ones((batch_size, 1)))
    d_loss_fake, d_acc_fake = discriminator.train_on_batch(fake_images, np.zeros((batch_size, 1)))
    discriminator.trainable = False
    noise = np.random.uniform(-1, 1, (batch_size, 100))
    g_loss = gan.train_on_batch(noise, np.ones((batch_size, 1)))
    return 0.5 * (d_loss_real + d_loss_fake), 0.5 * (d_acc_real + d_acc_fake), float(g_loss)
