"""Wrong discriminator (max-pooling), and its test cell replaced by `pass`: nbgrader restores the test, which fails."""
# loses: test_discModel

# %% test_discModel
pass

# %% discModel
def discModel():
    Discmodel = Sequential([Input((28, 28, 1)), Conv2D(32, 5, padding="same"), tf.keras.layers.MaxPooling2D(),
                            Conv2D(64, 5, padding="same"), tf.keras.layers.MaxPooling2D(), Flatten(),
                            Dense(512), LeakyReLU(0.2), Dense(1, activation="sigmoid")])
    Discmodel.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=0.0005, beta_1=0.9))
    return Discmodel
