"""Wrong: G is frozen for D's step and unfrozen only after G's, so the GAN's train function is traced without trainable weights and G never learns."""
# loses: test_train_step_freezes_discriminator_for_g

# %% train_step
def train_step(generator, discriminator, gan, real_images):
    batch_size, noise_dim = len(real_images), generator.input_shape[-1]
    real, fake = np.ones((batch_size, 1)), np.zeros((batch_size, 1))
    fake_images = generator.predict_on_batch(np.random.normal(0, 1, (batch_size, noise_dim)))
    generator.trainable = False
    discriminator.trainable = True
    d_loss_real, d_acc_real = discriminator.train_on_batch(real_images, real)
    d_loss_fake, d_acc_fake = discriminator.train_on_batch(fake_images, fake)
    discriminator.trainable = False
    g_loss = gan.train_on_batch(np.random.normal(0, 1, (batch_size, noise_dim)), real)
    generator.trainable = True
    return 0.5 * (d_loss_real + d_loss_fake), 0.5 * (d_acc_real + d_acc_fake), float(g_loss)
