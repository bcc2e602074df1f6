"""Correct: Sequential layer lists, LeakyReLU by keyword, the discriminator trained on its halves in two calls."""
# loses: nothing

# %% genModel
def genModel(infeats):
    L = tf.keras.layers
    return tf.keras.Sequential([
        L.Input((infeats,)),
        L.Dense(512), L.ReLU(), L.BatchNormalization(),
        L.Dense(3136), L.ReLU(), L.BatchNormalization(),
        L.Reshape((7, 7, 64)),
        L.Conv2DTranspose(32, (5, 5), strides=(2, 2), padding="same"), L.ReLU(), L.BatchNormalization(),
        L.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same"), L.Activation(tf.nn.tanh),
    ])

# %% discModel
def discModel():
    L = tf.keras.layers
    model = tf.keras.Sequential([
        L.Input((28, 28, 1)),
        L.Conv2D(32, (5, 5), strides=(2, 2), padding="same"), L.LeakyReLU(negative_slope=0.2),
        L.Conv2D(64, (5, 5), strides=(2, 2), padding="same"), L.LeakyReLU(negative_slope=0.2),
        L.Flatten(), L.Dense(512), L.LeakyReLU(negative_slope=0.2),
        L.Dense(1), L.Activation("sigmoid"),
    ])
    model.compile(loss="binary_crossentropy", optimizer=tf.keras.optimizers.Adam(learning_rate=0.0005, beta_1=0.9))
    return model

# %% trainStep
def trainStep(Genmodel, Discmodel, Ganmodel, batch, infeats):
    Discmodel.trainable = True
    real_loss = Discmodel.train_on_batch(realData(batch), np.ones(batch))
    fake_loss = Discmodel.train_on_batch(fakedataGenerator(Genmodel, batch, infeats), np.zeros(batch))
    Discmodel.trainable = False
    g_loss = Ganmodel.train_on_batch(fakeInputs(batch, infeats), np.ones(batch))
    return (real_loss + fake_loss) / 2, g_loss
