"""Wrong: D is returned without compile(), so it cannot be trained with train_on_batch."""
# loses: test_build_discriminator test_train_step_trains_discriminator test_train_step_freezes_discriminator_for_g test_train_step_labels_and_noise

# %% build_discriminator
def build_discriminator():
    model = Sequential()
    model.add(Input(shape=(28, 28, 1)))
    model.add(Flatten())
    for units in (512, 256):
        model.add(Dense(units))
        model.add(LeakyReLU(negative_slope=0.2))
    model.add(Dense(1, activation="sigmoid"))
    return model
