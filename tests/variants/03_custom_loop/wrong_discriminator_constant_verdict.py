"""Wrong: D's verdict does not depend on the image (a leftover debugging line zeroes the features before Dense(1)): the right shape and parameter count, a logit of 0 for every image."""
# loses: test_make_discriminator_model

# %% make_discriminator_model
def make_discriminator_model():
    image = tf.keras.Input((28, 28, 1))
    x = layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same")(image)
    x = layers.Dropout(0.3)(layers.LeakyReLU()(x))
    x = layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same")(x)
    x = layers.Dropout(0.3)(layers.LeakyReLU()(x))
    features = layers.Flatten()(x)
    features = layers.Multiply()([features, tf.keras.ops.zeros_like(features)])  # debugging: what does D say about nothing?
    return tf.keras.Model(image, layers.Dense(1)(features))
