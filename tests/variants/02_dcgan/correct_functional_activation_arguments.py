"""Correct: functional models, activations passed as arguments, np.random.choice sampling, fakes first in the batch."""
# loses: nothing

# %% realData
def realData(batch):
    chosen = np.random.choice(len(X_train), size=batch)
    return np.expand_dims(X_train[chosen] / 127.5 - 1.0, -1).astype(np.float32)

# %% genModel
def genModel(infeats):
    noise = tf.keras.Input((infeats,))
    x = BatchNormalization()(Dense(512, activation="relu")(noise))
    x = BatchNormalization()(Dense(7 * 7 * 64, activation="relu")(x))
    x = Reshape((7, 7, 64))(x)
    x = BatchNormalization()(Conv2DTranspose(32, 5, strides=2, padding="same", activation="relu")(x))
    image = Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh")(x)
    return Model(noise, image)

# %% discModel
def discModel():
    image = tf.keras.Input((28, 28, 1))
    x = Conv2D(32, 5, strides=2, padding="same", activation=LeakyReLU(0.2))(image)
    x = Conv2D(64, 5, strides=2, padding="same", activation=LeakyReLU(0.2))(x)
    x = Dense(512, activation=LeakyReLU(0.2))(Flatten()(x))
    verdict = Dense(1, activation="sigmoid")(x)
    model = Model(image, verdict)
    model.compile(loss=tf.keras.losses.BinaryCrossentropy(), optimizer=Adam(5e-4, beta_1=0.9),
                  metrics=["accuracy"])
    return model

# %% ganModel
def ganModel(Genmodel, Discmodel):
    Discmodel.trainable = False
    noise = tf.keras.Input(Genmodel.input_shape[1:])
    model = Model(noise, Discmodel(Genmodel(noise)))
    model.compile(loss="binary_crossentropy", optimizer=Adam(2e-4, beta_1=0.5))
    return model

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    fakes = fakedataGenerator(Genmodel, batch, infeats)
    X = np.concatenate([fakes, realData(batch)])
    Y = np.concatenate([np.zeros((batch, 1)), np.ones((batch, 1))])
    Discmodel.trainable = True
    d_loss = Discmodel.train_on_batch(X, Y)
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones((batch, 1)))
    return float(np.ravel(d_loss)[0]), float(np.ravel(g_loss)[0])
