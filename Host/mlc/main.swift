import Foundation
import MLCHost

exit(CLI.main(CommandLine.arguments))
