"""Wrong: the GAN is returned without compile()."""
# loses: test_build_gan test_train_step_trains_discriminator test_train_step_freezes_discriminator_for_g test_train_step_labels_and_noise

# %% build_gan
def build_gan(generator, discriminator):
    discriminator.trainable = False
    return Sequential([generator, discriminator])
