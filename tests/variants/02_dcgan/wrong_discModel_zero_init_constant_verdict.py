"""Wrong: every kernel starts at zero, so D's verdict is 0.5 for any image and no gradient reaches D (on a balanced batch) or G: nothing trains, and trainable is not the cause."""
# loses: test_discModel test_ganModel test_trainStep_trains_discriminator test_trainStep_freezes_discriminator_for_g

# %% discModel
def discModel():
    zeros = "zeros"
    Discmodel = Sequential()
    Discmodel.add(Input(shape=(28, 28, 1)))
    Discmodel.add(Conv2D(32, kernel_size=(5, 5), strides=(2, 2), padding="same", kernel_initializer=zeros))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Conv2D(64, kernel_size=(5, 5), strides=(2, 2), padding="same", kernel_initializer=zeros))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Flatten())
    Discmodel.add(Dense(512, kernel_initializer=zeros))
    Discmodel.add(LeakyReLU(0.2))
    Discmodel.add(Dense(1, activation="sigmoid", kernel_initializer=zeros))
    Discmodel.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=0.0005, beta_1=0.9))
    return Discmodel
