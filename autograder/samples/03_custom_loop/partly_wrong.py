"""A partly wrong submission: the saturating minimax generator loss, and a sigmoid on D's output."""
# loses: test_generator_loss, test_make_discriminator_model

# %% generator_loss
def generator_loss(fake_output):
    return -cross_entropy(tf.zeros_like(fake_output), fake_output)

# %% make_discriminator_model
def make_discriminator_model():
    return tf.keras.Sequential([
        layers.Input((28, 28, 1)),
        layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Flatten(), layers.Dense(1, activation="sigmoid"),
    ])
