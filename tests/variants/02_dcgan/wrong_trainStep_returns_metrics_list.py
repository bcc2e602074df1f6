"""Wrong: D compiled with metrics=["accuracy"] (fine), but trainStep returns train_on_batch's [loss, accuracy] list as d_loss instead of the loss."""
# loses: test_trainStep_trains_discriminator

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
    Discmodel.compile(loss="binary_crossentropy", optimizer=Adam(learning_rate=0.0005, beta_1=0.9),
                      metrics=["accuracy"])
    return Discmodel

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    X = np.concatenate([realData(batch), fakedataGenerator(Genmodel, batch, infeats)])
    Y = np.concatenate([np.ones(batch), np.zeros(batch)])
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return d_loss, g_loss
