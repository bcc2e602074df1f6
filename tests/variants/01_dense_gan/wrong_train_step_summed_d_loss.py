"""Wrong: d_loss and d_acc are the sums of the real and fake batches' values, not their averages."""
# loses: test_train_step_trains_discriminator

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size, noise_dim = len(real_images), generator.input_shape[-1]
    real, fake = np.ones((batch_size, 1)), np.zeros((batch_size, 1))
    fake_images = generator.predict_on_batch(np.random.normal(0, 1, (batch_size, noise_dim)))
    discriminator.trainable = True
    d_loss_real, d_acc_real = discriminator.train_on_batch(real_images, real)
    d_loss_fake, d_acc_fake = discriminator.train_on_batch(fake_images, fake)
    discriminator.trainable = False
    g_loss = gan.train_on_batch(np.random.normal(0, 1, (batch_size, noise_dim)), real)
    return d_loss_real + d_loss_fake, d_acc_real + d_acc_fake, float(g_loss)
