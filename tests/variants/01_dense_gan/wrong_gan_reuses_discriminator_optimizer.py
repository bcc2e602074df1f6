"""Wrong: the GAN is compiled with D's optimizer object; once D has trained, it refuses G's variables ("Unknown variable")."""
# loses: test_build_gan test_train_step_trains_discriminator test_train_step_freezes_discriminator_for_g test_train_step_labels_and_noise

# %% build_gan
def build_gan(generator, discriminator):
    discriminator.trainable = False
    model = Sequential([generator, discriminator])
    model.compile(optimizer=discriminator.optimizer, loss="binary_crossentropy")
    return model
