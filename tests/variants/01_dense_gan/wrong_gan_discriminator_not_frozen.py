"""Wrong: build_gan does not freeze D, so training the GAN also trains D."""
# loses: test_build_gan

# %% build_gan
def build_gan(generator, discriminator):
    model = Sequential([generator, discriminator])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
