/**
 * The data step: FER-2013 in its three forms (Kaggle CSV {@link fer.data.Fer2013Csv}, folders
 * {@link fer.data.FerFolders}, FER+ {@link fer.data.FerPlus}) read into one Tablesaw index with compact
 * in-memory pixels ({@link fer.data.FerDataset}); the synthetic stand-in {@link fer.data.SyntheticFer};
 * seeded stratified splits {@link fer.data.Splits}.
 *
 * <p>Start at {@link fer.data.Datasets#load(fer.data.DatasetConfig)}: it finds FER-2013 under
 * {@code data/} (or {@code FER_DATA}), else generates and loads synthetic FER, and
 * {@link fer.data.Datasets#split} gives train / validation / test as {@link fer.data.LabeledImages}.
 */
package fer.data;
