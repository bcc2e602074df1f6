"""Wrong: stride-1 convolutions and max-pooling instead of strided convolutions."""
# loses: test_discModel

# %% discModel
def discModel():
    Discmodel = Sequential()
    Discmodel.add(Input(shape=(28, 28, 1)))
    Discmodel.add(Conv2D(32, kernel_size=(5, 5), padding="same"))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(tf.keras.layers.MaxPooling2D())
    Discmodel.add(Conv2D(64, kernel_size=(5, 5), padding="same"))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(tf.keras.layers.MaxPooling2D())
    Discmodel.add(Flatten())
    Discmodel.add(Dense(512))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Dense(1, activation="sigmoid"))
    Discmodel.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=0.0005, beta_1=0.9))
    return Discmodel
