"""Wrong: every Dense of D starts at zero, so D calls every image 0.5 and, its hidden layers never getting a gradient, always will; G gets no gradient through it."""
# loses: test_build_discriminator test_build_gan test_train_step_freezes_discriminator_for_g

# %% build_discriminator
def build_discriminator():
    model = Sequential()
    model.add(Input(shape=(28, 28, 1)))
    model.add(Flatten())
    for units in (512, 256):
        model.add(Dense(units, kernel_initializer="zeros"))
        model.add(LeakyReLU(negative_slope=0.2))
    model.add(Dense(1, activation="sigmoid", kernel_initializer="zeros"))
    model.compile(optimizer=Adam(LEARNING_RATE, beta_1=BETA_1), loss="binary_crossentropy", metrics=["accuracy"])
    return model
