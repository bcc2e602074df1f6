"""Wrong: the GAN compiled with mean squared error instead of binary cross-entropy."""
# loses: test_build_gan

# %% build_gan
def build_gan(generator, discriminator):
    discriminator.trainable = False
    model = Sequential([generator, discriminator])
    model.compile(optimizer=Adam(LEARNING_RATE, beta_1=BETA_1), loss="mse")
    return model
