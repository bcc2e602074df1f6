"""Wrong: D compiled with mean squared error, not binary cross-entropy on its probability."""
# loses: test_discModel

# %% discModel
def discModel():
    Discmodel = Sequential()
    Discmodel.add(Input(shape=(28, 28, 1)))
    Discmodel.add(Conv2D(32, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Conv2D(64, kernel_size=(5, 5), strides=(2, 2), padding="same"))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Flatten())
    Discmodel.add(Dense(512))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Dense(1, activation="sigmoid"))
    Discmodel.compile(loss="mse", optimizer=Adam(learning_rate=0.0005, beta_1=0.9))
    return Discmodel
