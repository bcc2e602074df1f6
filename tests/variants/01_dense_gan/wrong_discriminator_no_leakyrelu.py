"""Wrong: D without its LeakyReLUs: the right parameter count and a sigmoid, but linear before it."""
# loses: test_build_discriminator

# %% build_discriminator
def build_discriminator():
    model = Sequential()
    model.add(Input(shape=(28, 28, 1)))
    model.add(Flatten())
    model.add(Dense(512))
    model.add(Dense(256))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer=Adam(LEARNING_RATE, beta_1=BETA_1), loss="binary_crossentropy", metrics=["accuracy"])
    return model
